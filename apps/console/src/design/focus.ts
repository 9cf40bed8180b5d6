import { useEffect, useRef } from 'react';

/**
 * A ref that moves keyboard focus to its element when it appears (give the element
 * `tabIndex={-1}`). For the result of an action whose control is gone once it succeeded (the
 * approved row, the renew form): without it focus falls back to the page and a keyboard user
 * starts again from the top.
 */
export function useFocusOnMount<T extends HTMLElement>(active = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (active) ref.current?.focus();
  }, [active]);
  return ref;
}
