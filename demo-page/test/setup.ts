import '@testing-library/svelte/vitest';
import { afterEach } from 'vitest';
import { toasts } from '../src/lib/toasts.svelte';

afterEach(() => toasts.clear());
