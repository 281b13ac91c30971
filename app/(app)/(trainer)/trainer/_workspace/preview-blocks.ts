/**
 * The text shown before the editor starts comes in blocks of this many lines, each laid out only
 * when it nears the visible part (`content-visibility: auto`): a long scenario (1,000 lines and
 * more) costs the page's first layouts no more than the lines on screen.
 */
export const PREVIEW_BLOCK_LINES = 50;

export interface PreviewBlock {
  /** The 1-based number of the block's first line. */
  firstLine: number;
  lines: number;
  text: string;
  /** The block's first character in the whole text. */
  offset: number;
}

export function previewBlocks(text: string, size = PREVIEW_BLOCK_LINES): PreviewBlock[] {
  const lines = text.split("\n");
  const blocks: PreviewBlock[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; i += size) {
    const part = lines.slice(i, i + size);
    const blockText = part.join("\n");
    blocks.push({ firstLine: i + 1, lines: part.length, text: blockText, offset });
    offset += blockText.length + 1;
  }
  return blocks;
}
