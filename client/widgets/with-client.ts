// Lets a widget take its own urql `client` as a prop: rendered inside a Provider of that client, the
// widget (and everything under it) talks to that endpoint, while the host app's own Provider, for its own
// API, stays in force everywhere else. Without the prop a widget uses the nearest Provider, as before.
import { createElement, type ComponentType } from "react";
import { Provider, type Client } from "urql";

export interface ClientProp {
  /** The urql Client this widget uses (e.g. `createMigrationClient(...).urql`); default: the nearest Provider's. */
  client?: Client;
}

export function withClient<P extends object>(Widget: ComponentType<P>): ComponentType<P & ClientProp> {
  function WithClient({ client, ...props }: P & ClientProp) {
    const widget = createElement(Widget, props as P);
    return client ? createElement(Provider, { value: client }, widget) : widget;
  }
  WithClient.displayName = Widget.displayName ?? Widget.name;
  return WithClient;
}
