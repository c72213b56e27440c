// Topic-name rules, checked here exactly as the broker checks them (org.apache.kafka.common.internals.Topic),
// so a bad name is refused in the input box instead of after a round trip.

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/**
 * The examples the name step shows. Neither holds "." or "_": an example that draws the collision
 * warning (as `payments.v1` did) teaches the opposite of what the warning asks.
 */
export const TOPIC_NAME_EXAMPLE = 'orders or payments-v1';
export const TOPIC_NAME_PROMPT = 'Topic name: letters, digits, "-" (also "." or "_", but not both), at most 249 characters';

/** The error for an illegal topic name, or undefined when the broker would accept it. */
export function topicNameError(name: string): string | undefined {
  if (name.length === 0) return `Enter a topic name, e.g. ${TOPIC_NAME_EXAMPLE}`;
  if (name === '.' || name === '..') return `A topic cannot be named "${name}": Kafka reserves "." and "..". Add letters or digits.`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `The name is ${name.length} characters long; Kafka allows at most ${MAX_TOPIC_NAME_LENGTH}.`;
  }
  if (!LEGAL.test(name)) {
    const bad = [...new Set([...name].filter((c) => !/[a-zA-Z0-9._-]/.test(c)))]
      .map((c) => (c === ' ' ? 'space' : `"${c}"`)).join(', ');
    return `Illegal character${bad.includes(',') ? 's' : ''} ${bad}: a topic name may only contain letters, digits, ".", "_" and "-".`;
  }
  return undefined;
}

/**
 * Kafka uses topic names in metric names with "." replaced by "_", so "a.b" and "a_b" collide: the
 * broker refuses the second one. Returns the existing name this one collides with, if any.
 */
export function topicNameCollision(name: string, existing: Iterable<string>): string | undefined {
  if (!/[._]/.test(name)) return undefined;
  const key = name.replace(/\./g, '_');
  for (const e of existing) {
    if (e !== name && e.replace(/\./g, '_') === key) return e;
  }
  return undefined;
}

/** A warning (not an error) for names that are legal but risky. */
export function topicNameWarning(name: string, existing: Iterable<string> = []): string | undefined {
  const other = topicNameCollision(name, existing);
  if (other) return `"${name}" collides with the existing topic "${other}": Kafka treats "." and "_" alike in metric names and will refuse it.`;
  if (/[._]/.test(name)) return 'Names with "." or "_" can collide with each other (Kafka maps "." to "_" in metrics): use one of them, not both.';
  return undefined;
}
