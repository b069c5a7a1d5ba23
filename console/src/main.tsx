import { render } from 'preact';
import './styles.css';

function App() {
  return <h1>Regulars</h1>;
}
render(<App />, document.getElementById('app')!);
