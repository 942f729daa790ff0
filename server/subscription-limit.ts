// At most MAX_SUBSCRIPTIONS_PER_TOKEN open subscriptions per API token in this process, over graphql-ws and
// SSE together. One more is refused as that operation's error (TOO_MANY_SUBSCRIPTIONS); the token's other
// subscriptions, and its socket, go on. A slot is taken when a subscription starts and given back once when
// it ends, fails, or its client goes away.
import { createGraphQLError, type Plugin } from "graphql-yoga";
import type { Viewer } from "./services/access.ts";

export function useSubscriptionLimit(maxPerToken: number): Plugin {
  const open = new Map<string, number>();
  const release = (tokenId: string) => {
    const left = (open.get(tokenId) ?? 1) - 1;
    if (left > 0) open.set(tokenId, left);
    else open.delete(tokenId);
  };
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const viewer = (args.contextValue as { viewer?: Viewer | null }).viewer;
      if (!viewer) return; // refused by the schema's auth scopes
      const tokenId = viewer.tokenId;
      const count = open.get(tokenId) ?? 0;
      if (count >= maxPerToken) {
        setResultAndStopExecution({
          errors: [
            createGraphQLError(
              `This token already has ${count} open subscriptions, the limit (MAX_SUBSCRIPTIONS_PER_TOKEN); ` +
                "end one before starting another.",
              { extensions: { code: "TOO_MANY_SUBSCRIPTIONS" } },
            ),
          ],
        });
        return;
      }
      open.set(tokenId, count + 1);
      let released = false;
      const releaseOnce = () => {
        if (released) return;
        released = true;
        release(tokenId);
      };
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in result)) return releaseOnce();
          return { onEnd: releaseOnce };
        },
        onSubscribeError: releaseOnce,
      };
    },
  };
}
