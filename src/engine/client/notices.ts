/**
 * Shows things the reader should know that are not errors (a link's state that did not apply),
 * as plain text at the top of the notebook.
 */
export function noticeBoard(main: HTMLElement): (message: string) => void {
  return (message) => {
    let board = main.querySelector<HTMLElement>(":scope > .cn-notices");
    if (!board) {
      board = document.createElement("div");
      board.className = "cn-notices";
      board.setAttribute("role", "status");
      main.prepend(board);
    }
    const item = document.createElement("div");
    item.textContent = message;
    board.append(item);
  };
}
