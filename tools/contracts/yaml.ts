/**
 * A small YAML writer for JSON-compatible values, so the generated AsyncAPI document reads like
 * hand-written YAML without adding a YAML library. Strings that could be misread are written as
 * JSON strings, which YAML accepts as double-quoted scalars.
 */
export function toYaml(value: unknown): string {
  return `${render(value, 0).replace(/^\n/, '')}\n`;
}

const reservedWords = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const plainString = /^[A-Za-z_$/][A-Za-z0-9_.$/#-]*$/;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  return plainString.test(value) && !reservedWords.test(value) ? value : JSON.stringify(value);
}

function render(value: unknown, indent: number): string {
  const pad = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => `\n${pad}-${renderItem(item, indent + 1)}`).join('');
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return ' {}';
    return entries
      .map(([key, item]) => `\n${pad}${scalar(key)}:${render(item, indent + 1)}`)
      .join('');
  }
  return ` ${scalar(value as string | number | boolean | null)}`;
}

/** An array item: a mapping starts on the dash's line, so `- key: value`. */
function renderItem(item: unknown, indent: number): string {
  if (
    typeof item === 'object' &&
    item !== null &&
    !Array.isArray(item) &&
    Object.keys(item).length > 0
  ) {
    return ` ${render(item, indent).trimStart()}`;
  }
  return render(item, indent);
}
