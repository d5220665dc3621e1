/** Terminal styling for the text reporters: real ANSI colours or identity functions. */
import pc from 'picocolors';

export type Style = ReturnType<typeof pc.createColors>;

export function createStyle(color: boolean): Style {
  return pc.createColors(color);
}
