/**
 * What the YAML editor and the text shown before it starts share, so nothing moves when one
 * replaces the other: the typeface, the size and the line height.
 */
export const EDITOR_FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace";
export const EDITOR_FONT_SIZE = "13px";
export const EDITOR_LINE_HEIGHT = "1.5";
