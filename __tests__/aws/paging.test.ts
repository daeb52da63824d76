/** Every paged listing is bounded: a repeated token or too many pages ends it with an error, never an endless loop. */
import { describe, expect, it } from 'vitest';
import { boundedPages, MAX_PAGES, PagingError } from '../../src/operations/aws/paging.js';

/** A paginator as the SDK makes one: it asks for the next page while the last one has a token. */
// eslint-disable-next-line @typescript-eslint/require-await -- an async generator is what makes it an AsyncIterable, as the SDK's are; it has nothing to wait for
async function* paginator(tokenAt: (page: number) => string | undefined, asked: { count: number }) {
  for (let i = 0; ; i++) {
    asked.count++;
    const page = { items: [i], nextToken: tokenAt(i) };
    yield page;
    if (!page.nextToken) return;
  }
}

async function read(tokens: (string | undefined)[] | ((page: number) => string), maxPages?: number) {
  const asked = { count: 0 };
  const items: number[] = [];
  try {
    for await (const page of boundedPages(
      paginator(typeof tokens === 'function' ? tokens : (i) => tokens[i], asked),
      (page) => page.nextToken,
      'test:List',
      maxPages,
    ))
      items.push(...page.items);
    return { items, asked: asked.count };
  } catch (error) {
    return { items, asked: asked.count, error: error as Error };
  }
}

describe('bounded paging', () => {
  it('reads every page of a listing that ends', async () => {
    expect(await read(['a', 'b', undefined])).toEqual({ items: [0, 1, 2], asked: 3 });
  });

  it('stops at the first token AWS gives again, before asking for it', async () => {
    const result = await read(['a', 'b', 'a']);
    expect(result.asked).toBe(3);
    expect(result.error).toBeInstanceOf(PagingError);
    expect(result.error!.message).toBe('test:List returned a paging token it had already returned (page 3); the listing was stopped');
  });

  it('stops a listing of ever new tokens at the page limit', async () => {
    const result = await read((page) => `token-${page}`, 5);
    expect(result.asked).toBe(5);
    expect(result.error!.message).toBe('test:List had more than 5 pages; the listing was stopped');
    expect(MAX_PAGES).toBe(1000);
  });
});
