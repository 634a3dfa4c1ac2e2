import { mount } from 'svelte';
import { pickLocale, setLocale } from '../src/lib/i18n';
import '../src/styles.css';
import App from './App.svelte';

setLocale(pickLocale(new URLSearchParams(location.search).getAll('lang').concat(navigator.languages)));
document.documentElement.lang = new URLSearchParams(location.search).get('lang') ?? navigator.language;
mount(App, { target: document.getElementById('app')! });
