/**
 * Every paged AWS listing of the project reads its pages through `boundedPages`: a listing that
 * hands back a next token it gave before (a loop) or runs past MAX_PAGES pages stops with a
 * PagingError, reported for what was being listed, instead of calling AWS forever. (The SDK's
 * paginators follow any token; their `stopOnSameToken` only catches the same token twice in a
 * row, and then stops silently.)
 */

/** The most pages one listing reads: far beyond any pipeline's images or an account's instances. */
export const MAX_PAGES = 1000;

/** A listing that did not end: AWS repeated a paging token, or it ran past the page limit. */
export class PagingError extends Error {
  override name = 'PagingError';
}

/** The pages of an SDK paginator, ending with a PagingError on a repeated next token or after `maxPages` pages. */
export async function* boundedPages<P>(
  pages: AsyncIterable<P>,
  nextToken: (page: P) => string | undefined,
  action: string,
  maxPages = MAX_PAGES,
): AsyncGenerator<P, void, undefined> {
  const seen = new Set<string>();
  let count = 0;
  for await (const page of pages) {
    count++;
    yield page;
    const token = nextToken(page);
    if (!token) return;
    if (seen.has(token))
      throw new PagingError(`${action} returned a paging token it had already returned (page ${count}); the listing was stopped`);
    if (count >= maxPages) throw new PagingError(`${action} had more than ${maxPages} pages; the listing was stopped`);
    seen.add(token);
  }
}

/** The pages of a call that takes and returns a next token (`nextToken` or EC2's `NextToken`), the first asked without one. */
export async function* tokenPages<P>(call: (nextToken?: string) => Promise<P>): AsyncGenerator<P, void, undefined> {
  let token: string | undefined;
  do {
    const page = await call(token);
    yield page;
    token = (page as { nextToken?: string }).nextToken ?? (page as { NextToken?: string }).NextToken;
  } while (token);
}
