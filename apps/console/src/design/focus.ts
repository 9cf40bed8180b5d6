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

/**
 * After a refused submit, moves focus to the form's first field marked invalid, once the marks
 * are drawn: the person hears and sees what to fix instead of staying on the submit button.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
