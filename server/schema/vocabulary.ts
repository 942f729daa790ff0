// GraphQL enum values over a word list of the service's vocabulary (services/vocabulary.ts): a dotted or
// hyphenated word is exposed under its SCREAMING_CASE name and keeps its own spelling as the internal value,
// so resolvers pass the words as stored. The description table is keyed by the list's type: a word added to
// the list without a description fails to compile.
import { graphqlEnumName } from "../services/vocabulary.ts";

/** Pothos enum values for `words`: name graphqlEnumName(word), value the word itself. */
export function enumValuesOf<const W extends string>(
  words: readonly W[],
  descriptions: Record<W, string>,
): Record<string, { value: W; description: string }> {
  return Object.fromEntries(
    words.map((word) => [graphqlEnumName(word), { value: word, description: descriptions[word] }]),
  );
}
