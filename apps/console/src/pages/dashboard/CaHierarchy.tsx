import { type AuthorityView } from '@certlab/contracts';
import { Download, FileKey, Network } from 'lucide-react';
import { Link } from 'react-router';
import { useAuthorities } from '../../api/queries';
import { errorMessage } from '../../api/client';
import { Badge } from '../../design/Badge';
import { ErrorBanner } from '../../design/Banner';
import { Card } from '../../design/Card';
import { SkeletonBlock } from '../../design/Spinner';
import { type AuthorityNode, authorityTree } from '../../lib/ca-tree';
import { queryClause } from '../../lib/certificate-query';
import { certificateListHref } from '../../lib/certificate-list-params';
import { formatCount, formatUtcDate } from '../../lib/format';

function AuthorityItem({ node }: { node: AuthorityNode }) {
  const authority: AuthorityView = node.authority;
  return (
    <li className="ca-node">
      <div className="ca-node-head">
        <FileKey size={16} aria-hidden="true" />
        <span className="break">{authority.configName}</span>
        <Badge tone={authority.isRoot ? 'info' : 'outline'}>
          {authority.isRoot ? 'root' : 'issuing'}
        </Badge>
        <Badge>{authority.keyAlgorithm}</Badge>
      </div>
      <div className="ca-node-meta">
        <span className="break">{authority.subject}</span>
        <span>
          valid {formatUtcDate(authority.notBefore)} → {formatUtcDate(authority.notAfter)}
        </span>
        {!authority.isRoot && (
          <Link
            to={certificateListHref({
              query: queryClause('IssuingCA', 'eq', authority.configName),
            })}
          >
            {formatCount(authority.issuedCount)} issued
          </Link>
        )}
        <a
          href={authority.certificateUrl}
          download
          aria-label={`CA certificate of ${authority.logicalName}`}
        >
          <Download size={12} aria-hidden="true" /> CA certificate
        </a>
        <a href={authority.crlUrl} download aria-label={`CRL of ${authority.logicalName}`}>
          <Download size={12} aria-hidden="true" /> CRL
        </a>
      </div>
      {node.children.length > 0 && (
        <ul>
          {node.children.map((child) => (
            <AuthorityItem key={child.authority.id} node={child} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Both PKIs as trees: each root with the CAs under it. */
export function CaHierarchy() {
  const authorities = useAuthorities();
  return (
    <Card title="CA hierarchy" icon={<Network size={18} aria-hidden="true" />}>
      {authorities.isPending ? (
        <SkeletonBlock lines={6} />
      ) : authorities.data === undefined ? (
        <ErrorBanner
          message={errorMessage(authorities.error)}
          onRetry={() => void authorities.refetch()}
        />
      ) : (
        <ul className="ca-tree" aria-label="CA hierarchy">
          {authorityTree(authorities.data).map((node) => (
            <AuthorityItem key={node.authority.id} node={node} />
          ))}
        </ul>
      )}
    </Card>
  );
}
