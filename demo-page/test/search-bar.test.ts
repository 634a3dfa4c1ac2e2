import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import MatchedLines from '../src/components/MatchedLines.svelte';
import SearchBar from '../src/components/SearchBar.svelte';

describe('SearchBar with the ocr: chip', () => {
  it('the chip inserts ocr: and focuses the box; the hint explains the syntax once ocr: is there; Enter searches', async () => {
    const user = userEvent.setup();
    const searches: string[] = [];
    render(SearchBar, { onSearch: (q: string) => searches.push(q) });
    const box = screen.getByRole('searchbox', { name: 'Search' }) as HTMLInputElement;
    const chip = screen.getByRole('button', { name: 'ocr:' });
    expect(screen.getByRole('note').textContent).not.toContain('-ocr:word excludes');
    expect(chip.getAttribute('aria-pressed')).toBe('false');

    await user.type(box, '猫');
    await user.click(chip);
    expect(box.value).toBe('猫 ocr:');
    expect(document.activeElement).toBe(box);
    expect(chip.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('note').textContent).toContain('-ocr:word excludes');
    await user.click(chip); // an empty ocr: is not doubled
    expect(box.value).toBe('猫 ocr:');

    await user.type(box, '发票{Enter}');
    expect(searches).toEqual(['猫 ocr:发票']);
  });

  it('works from the keyboard: Space on the chip, Escape clears, an empty box does not search', async () => {
    const user = userEvent.setup();
    const searches: string[] = [];
    render(SearchBar, { onSearch: (q: string) => searches.push(q) });
    const box = screen.getByRole('searchbox', { name: 'Search' }) as HTMLInputElement;
    await user.tab();
    await user.tab();
    await user.tab();
    expect(document.activeElement?.textContent?.trim()).toBe('ocr:');
    await user.keyboard(' ');
    expect(box.value).toBe('ocr:');
    await user.keyboard('{Escape}');
    expect(box.value).toBe('');
    await user.keyboard('{Enter}');
    expect(searches).toEqual([]);
  });
});

describe('MatchedLines', () => {
  it('marks the query terms in each matched line', () => {
    const { container } = render(MatchedLines, { lines: ['增值税发票', 'Hotel Sunrise'], terms: ['发票', 'sunrise'] });
    expect(Array.from(container.querySelectorAll('li')).map((li) => li.textContent)).toEqual(['增值税发票', 'Hotel Sunrise']);
    expect(Array.from(container.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['发票', 'Sunrise']);
  });
});
