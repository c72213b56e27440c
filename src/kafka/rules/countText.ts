// How Kafka Dev writes a count of records, bytes or messages for a person: 100,103.

/** A count as shown everywhere in the channel: 100,103 (offsets, which are typed back, are never grouped). */
export function count(n: number): string {
  // Whole numbers are grouped here: the first toLocaleString of a process sets up ICU's number formatter,
  // ~15 ms of a consumer's first second (its status line), in one piece. Anything else (fractions, −0,
  // beyond 2^53) as before.
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(n < 0 ? -n : n);
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += `,${digits.slice(i, i + 3)}`;
  return n < 0 ? `-${out}` : out;
}
