// The realms the token can read, and (for admins) a form to create one.
import { useId, useState } from "react";
import { useMutation } from "urql";
import { DemoCreateRealmMutation } from "./operations.ts";
import { readTypedError } from "../sdk/index.ts";

export interface RealmListProps {
  realms: Array<{ id: string; name: string; documentCount: number }>;
  selectedId: string | null;
  onSelect: (id: string) => void;
  canCreate: boolean;
}

export function RealmList({ realms, selectedId, onSelect, canCreate }: RealmListProps) {
  const id = useId();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [creating, createRealm] = useMutation(DemoCreateRealmMutation);

  const create = async () => {
    setError(null);
    const outcome = (await createRealm({ name: name.trim() })).data?.createRealm;
    if (outcome && "data" in outcome) {
      setName("");
      onSelect(outcome.data.id);
    } else setError(readTypedError(outcome)?.message ?? "Could not create the realm.");
  };

  return (
    <nav className="rms-card demo-realms" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Realms</h2>
      <ul>
        {realms.map((realm) => (
          <li key={realm.id}>
            <button
              type="button"
              className="demo-realms__item"
              aria-current={realm.id === selectedId ? "page" : undefined}
              onClick={() => onSelect(realm.id)}
            >
              <span>{realm.name}</span>
              <span className="rms-muted">{realm.documentCount}</span>
            </button>
          </li>
        ))}
      </ul>
      {canCreate && (
        <form
          className="demo-inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) void create();
          }}
        >
          <label htmlFor={`${id}-name`}>New realm</label>
          <div>
            <input
              id={`${id}-name`}
              value={name}
              onChange={(event) => setName(event.target.value)}
              placeholder="name"
            />
            <button type="submit" className="rms-button" disabled={!name.trim() || creating.fetching}>
              Create
            </button>
          </div>
          {error && (
            <p role="alert" className="rms-error">
              {error}
            </p>
          )}
        </form>
      )}
    </nav>
  );
}
