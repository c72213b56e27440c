// Keys and values as Kafka's own Serdes write them, without any registry: UTF-8 strings, big-endian
// integers and floats, and raw bytes typed as hex or base64. Pure: the producer webview validates with it.

/** Big-endian like Kafka's ShortSerializer/IntegerSerializer/LongSerializer/FloatSerializer/DoubleSerializer; string is UTF-8 (StringSerializer). */
export const PRIMITIVE_FORMATS = ['string', 'int16', 'int32', 'int64', 'float32', 'float64', 'hex', 'base64'] as const;
export type PrimitiveFormat = (typeof PRIMITIVE_FORMATS)[number];
