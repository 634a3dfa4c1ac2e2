/** Toasts for the extension's actions (the web patch maps these onto Immich's toast manager). */
export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

class ToastStore {
  items = $state<Toast[]>([]);
  #next = 1;

  show(kind: ToastKind, message: string, timeoutMs = 6000): number {
    const id = this.#next++;
    this.items.push({ id, kind, message });
    if (timeoutMs > 0) setTimeout(() => this.dismiss(id), timeoutMs);
    return id;
  }

  info = (message: string) => this.show('info', message);
  success = (message: string) => this.show('success', message);
  error = (message: string) => this.show('error', message, 0);

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }

  clear(): void {
    this.items = [];
  }
}

export const toasts = new ToastStore();
