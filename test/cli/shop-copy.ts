/** A private copy of the shop example (with the plugins it configures) to change without touching the repository. */
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { ROOT, tempDir } from './helpers.js';

export async function copyShop(prefix = 'hie-shop-'): Promise<string> {
  const dir = await tempDir(prefix);
  await cp(path.join(ROOT, 'examples', 'shop'), path.join(dir, 'examples', 'shop'), {
    recursive: true,
    filter: (src) => !src.includes('.hielements-cache'),
  });
  await cp(path.join(ROOT, 'examples', 'plugins', 'python'), path.join(dir, 'examples', 'plugins', 'python'), {
    recursive: true,
  });
  return path.join(dir, 'examples', 'shop');
}

export const REPOSITORY_PY = path.join('services', 'orders', 'src', 'orders', 'db', 'repository.py');
export const SERVICE_PY = path.join('services', 'orders', 'src', 'orders', 'domain', 'service.py');
