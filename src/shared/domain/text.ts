/**
 * Whether the text holds control characters other than tab and line breaks: they only ever come from
 * broken or hostile clients.
 */
export function hasControlCharacters(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code < 0xa0);
    if (control && char !== '\t' && char !== '\n' && char !== '\r') return true;
  }
  return false;
}

/** Length as a reader counts it (code points), not UTF-16 units: an emoji is one character. */
export function characterCount(text: string): number {
  return [...text].length;
}

/**
 * Whether the text is well-formed Unicode: no half of a surrogate pair on its own (`"\ud800"` in JSON).
 * Such a string cannot be encoded as UTF-8, so no store or email could hold it.
 */
export function isWellFormedText(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
