// Text that fits its box: shrunk until it does (never below `min` of its size), then,
// if it still does not, allowed to wrap. Nothing that matters is ever cut off.

/** Whether `element` shows all of its text on one line. */
export function fits(element) {
  return element.scrollWidth <= element.clientWidth + 0.5;
}

/**
 * Fit `element`'s text to its width: its stylesheet size first, then smaller by steps
 * down to `min` × that size, then wrapped (class `wrapped`) at the smallest size.
 */
export function fitText(element, { min = 0.55 } = {}) {
  element.style.fontSize = "";
  element.classList.remove("wrapped");
  if (!element.clientWidth || fits(element)) return;
  const base = parseFloat(getComputedStyle(element).fontSize);
  let size = Math.max(base * min, (base * element.clientWidth) / element.scrollWidth);
  element.style.fontSize = `${size}px`;
  while (!fits(element) && size > base * min) {
    size = Math.max(base * min, size * 0.92);
    element.style.fontSize = `${size}px`;
  }
  if (!fits(element)) element.classList.add("wrapped");
}

/** `fitText` on every element matching `selector` inside `root`. */
export function fitAll(root, selector, options) {
  for (const element of root.querySelectorAll(selector)) fitText(element, options);
}

/** Fit `element` now and again whenever its width changes (its neighbours grew, the
 * window was resized); `refit()` on the returned value fits it after a text change. */
export function keepFitted(element, options) {
  let width = element.clientWidth;
  const observer = new ResizeObserver(() => {
    if (element.clientWidth === width) return;
    width = element.clientWidth;
    fitText(element, options);
  });
  observer.observe(element);
  fitText(element, options);
  return { refit: () => fitText(element, options) };
}
