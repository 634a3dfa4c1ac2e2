import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Menu from './Menu.fixture.svelte';

describe('AssetMoreMenu', () => {
  it('opens from the keyboard on the first item, moves with the arrows, closes with Escape back on the button', async () => {
    const user = userEvent.setup();
    render(Menu);
    const more = screen.getByRole('button', { name: 'More' });
    expect(screen.queryByRole('menu')).toBeNull();
    await user.tab();
    await user.tab();
    expect(document.activeElement).toBe(more);
    await user.keyboard('{Enter}');
    expect(more.getAttribute('aria-expanded')).toBe('true');
    const [ocr, clip] = screen.getAllByRole('menuitem');
    expect(document.activeElement).toBe(ocr);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(clip);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(ocr);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(clip);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).toBeNull();
    expect(document.activeElement).toBe(more);
  });

  it('opens and closes with clicks, and a click outside closes it', async () => {
    const user = userEvent.setup();
    render(Menu);
    const more = screen.getByRole('button', { name: 'More' });
    await user.click(more);
    expect(screen.getAllByRole('menuitem').map((i) => i.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['↻ Regenerate OCR', '↻ Regenerate CLIP']);
    await user.click(more);
    expect(screen.queryByRole('menu')).toBeNull();
    await user.click(more);
    await user.click(screen.getByRole('button', { name: 'before' }));
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
