import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormNode, FormValue } from '../../../shared/forms/form-tree';
import { ScrollRegion } from '../ui/ScrollRegion';

/** Headings continue below the panel's h2; deeper than h6 stays h6. */
function Heading({ level, children }: { level: number; children: ReactNode }) {
  const Tag = `h${Math.min(6, level)}` as 'h3' | 'h4' | 'h5' | 'h6';
  return <Tag className="form-heading">{children}</Tag>;
}

function Value({ value }: { value: FormValue }) {
  return <span className={`value value-${value.type}`}>{value.text}</span>;
}

/** Renders the pure form tree: fields in definition lists, sections with headings, tables, lists. */
export function FormTreeView({ nodes, level = 3 }: { nodes: FormNode[]; level?: number }) {
  const { t } = useTranslation();
  // Consecutive fields share one <dl>, so the layout stays a tidy two-column list.
  const groups: (FormNode[] | FormNode)[] = [];
  for (const node of nodes) {
    const last = groups[groups.length - 1];
    if (node.kind === 'field' && Array.isArray(last)) last.push(node);
    else groups.push(node.kind === 'field' ? [node] : node);
  }
  return (
    <>
      {groups.map((group) => {
        if (Array.isArray(group)) {
          return (
            <dl key={group[0]?.path} className="facts form-fields">
              {group.map(
                (field) =>
                  field.kind === 'field' && (
                    <Fragment key={field.path}>
                      <dt>{field.label}</dt>
                      <dd>
                        <Value value={field.value} />
                      </dd>
                    </Fragment>
                  ),
              )}
            </dl>
          );
        }
        switch (group.kind) {
          case 'section':
            return (
              <section key={group.path} className="form-section">
                <Heading level={level}>{group.label}</Heading>
                <FormTreeView nodes={group.children} level={level + 1} />
              </section>
            );
          case 'list':
            return (
              <div key={group.path} className="form-list">
                <Heading level={level}>{group.label}</Heading>
                {group.items.length === 0 ? (
                  <p className="muted">{t('form.emptyList')}</p>
                ) : (
                  <ul>
                    {group.items.map((item, index) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity but their place
                      <li key={index}>
                        <Value value={item} />
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          case 'table':
            return (
              <div key={group.path} className="form-table">
                <Heading level={level}>{group.label}</Heading>
                <ScrollRegion label={group.label}>
                  <table className="data-table">
                    <thead>
                      <tr>
                        {group.columns.map((column) => (
                          <th key={column.path} scope="col">
                            {column.label}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {group.rows.map((row, rowIndex) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
                        <tr key={rowIndex}>
                          {row.map((cell, cellIndex) => (
                            <td
                              key={group.columns[cellIndex]?.path}
                              className={cell.type === 'number' ? 'num' : undefined}
                            >
                              <Value value={cell} />
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollRegion>
              </div>
            );
          default:
            return null;
        }
      })}
    </>
  );
}
