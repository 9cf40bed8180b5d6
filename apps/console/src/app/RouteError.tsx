import { useRouteError } from 'react-router';
import { errorMessage } from '../api/client';
import { Banner } from '../design/Banner';
import { Button } from '../design/Button';
import { usePageTitle } from './page';

/** A page's code that did not load: the server is down, or the console was rebuilt meanwhile. */
function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(
      error.message,
    )
  );
}

/**
 * What a page that failed to render says, in words, instead of the router's developer screen:
 * inside the shell, so the navigation stays, with a way to load the page again.
 */
export function RouteError({ fullPage = false }: { fullPage?: boolean }) {
  const error = useRouteError();
  usePageTitle('Error');
  const chunk = isChunkLoadError(error);
  const banner = (
    <Banner
      tone="danger"
      title={chunk ? 'This page could not be loaded' : 'This page failed'}
      actions={
        <Button size="sm" onClick={() => window.location.reload()}>
          Reload
        </Button>
      }
    >
      {chunk
        ? 'The console could not fetch the page’s code: the server may be down (is the lab running?), or the console was rebuilt since this tab opened. Reload when the lab answers.'
        : errorMessage(error)}
    </Banner>
  );
  return fullPage ? <div className="full-page-center">{banner}</div> : banner;
}
