// Adding a database to the realm: pick one it does not have yet (or, for admins, create an embedded one),
// then the RealmDatabaseAdditionDialog attaches it and backfills the documents.
import { useId, useState } from "react";
import { useMutation } from "urql";
import { DemoCreateDatabaseMutation } from "./operations.ts";
import { readTypedError } from "../sdk/index.ts";

export interface DatabaseRef {
  id: string;
  name: string;
  kind: string;
}

export interface AddDatabaseFormProps {
  /** Databases not attached to the realm yet. */
  attachable: DatabaseRef[];
  admin: boolean;
  onAdd: (database: DatabaseRef) => void;
  onCreated: () => void;
  onError: (message: string) => void;
}

export function AddDatabaseForm({ attachable, admin, onAdd, onCreated, onError }: AddDatabaseFormProps) {
  const id = useId();
  const [databaseChoice, setDatabaseChoice] = useState("");
  const [newDatabase, setNewDatabase] = useState("");
  const [, createDatabase] = useMutation(DemoCreateDatabaseMutation);

  const addNewDatabase = async () => {
    const outcome = (await createDatabase({ name: newDatabase.trim() })).data?.createDatabase;
    if (outcome && "data" in outcome) {
      setNewDatabase("");
      onCreated();
      onAdd(outcome.data);
    } else onError(readTypedError(outcome)?.message ?? "Could not create the database.");
  };

  return (
    <form
      className="demo-inline-form demo-add-database"
      onSubmit={(event) => {
        event.preventDefault();
        const database = attachable.find((d) => d.id === databaseChoice);
        if (database) onAdd(database);
      }}
    >
      <label htmlFor={`${id}-db`}>Add a database</label>
      <div>
        <select id={`${id}-db`} value={databaseChoice} onChange={(event) => setDatabaseChoice(event.target.value)}>
          <option value="">{attachable.length ? "Choose a database" : "No other databases"}</option>
          {attachable.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name} ({d.kind.toLowerCase()})
            </option>
          ))}
        </select>
        <button type="submit" className="rms-button" disabled={!attachable.some((d) => d.id === databaseChoice)}>
          Add and ingest…
        </button>
        {admin && (
          <>
            <input
              aria-label="New embedded database name"
              value={newDatabase}
              onChange={(event) => setNewDatabase(event.target.value)}
              placeholder="or a new embedded one"
            />
            <button
              type="button"
              className="rms-button"
              disabled={!newDatabase.trim()}
              onClick={() => void addNewDatabase()}
            >
              Create…
            </button>
          </>
        )}
      </div>
    </form>
  );
}
