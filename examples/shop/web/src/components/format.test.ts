import { formatPrice } from './format';

export function testFormatPrice(): void {
  if (formatPrice(1700) !== '€17.00') throw new Error('formatPrice(1700) should be €17.00');
}
