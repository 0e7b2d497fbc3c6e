/**
 * The truth file: CSV with a header `source_key,entity_id`, one live record per line. A source key
 * is `domain:entityType:sourceId` (the Kafka key of the record's events). Fields are quoted per
 * RFC 4180 when they contain a comma, a quote or a line break.
 */

export const TRUTH_HEADER = 'source_key,entity_id';

function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function truthLine(sourceKey: string, entityId: string): string {
  return `${field(sourceKey)},${field(entityId)}`;
}

/** Parses one data line (the header is the caller's to skip). */
export function parseTruthLine(line: string): [string, string] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw new Error(`unterminated quote in truth line: ${line}`);
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
      i++; // the comma
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end));
      i = end + 1;
    }
  }
  if (fields.length !== 2) throw new Error(`a truth line has 2 fields, got ${fields.length}: ${line}`);
  return [fields[0], fields[1]];
}
