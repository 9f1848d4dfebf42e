/**
 * Fires an `input` event on an element, as a user's edit does. The event is made by the element's
 * own window: in Node, jsdom rejects Node's global Event.
 */
export function dispatchInput(element: EventTarget): void {
  const EventOfElement = (element as Partial<Element>).ownerDocument?.defaultView?.Event ?? Event;
  element.dispatchEvent(new EventOfElement("input", { bubbles: true }));
}
