import { Button } from '../../design';
import { QUERY_EXAMPLES } from '../../lib/certificate-query';

/** The query language's examples, each with a button that puts it in the caller's query box. */
export function QueryExamples({ onUse }: { onUse: (query: string) => void }) {
  return (
    <ul className="stack-sm" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {QUERY_EXAMPLES.map((example) => (
        <li key={example.query} className="row">
          <Button
            size="sm"
            onClick={() => onUse(example.query)}
            aria-label={`Use the example: ${example.says}`}
          >
            Use
          </Button>
          <code className="break">{example.query}</code>
          <span className="subtle">— {example.says}</span>
        </li>
      ))}
    </ul>
  );
}
