import { render } from 'preact';
import { App } from './App';
import './styles.css';

const root = document.getElementById('app')!;
root.textContent = ''; // the "Loading…" line the server page shows until this runs
render(<App />, root);
