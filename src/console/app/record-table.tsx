import type { ConsoleRecord } from './api.js';
import { FieldValue, fieldsOf, type RecordContext } from './record-fields.js';

/** A compact SLDS table of records; the first column links to each record. */
export function RecordTable({ records, objectType, columns, ctx }: { records: readonly ConsoleRecord[]; objectType?: string; columns: readonly string[]; ctx: RecordContext }) {
  const label = (name: string, type: string): string =>
    name === 'Name' ? 'Name' : name === 'Type' ? 'Type' : (fieldsOf(type).find((field) => field.name === name)?.label ?? name);
  const headerType = objectType ?? records[0]?.attributes.type ?? '';
  return (
    <table class="slds-table slds-table_cell-buffer slds-table_bordered slds-table_fixed-layout console-table">
      <thead>
        <tr class="slds-line-height_reset">
          {columns.map((column) => (
            <th scope="col" key={column}><div class="slds-truncate">{label(column, headerType)}</div></th>
          ))}
        </tr>
      </thead>
      <tbody>
        {records.map((record) => (
          <tr class="slds-hint-parent" key={record.Id} data-record-id={record.Id}>
            {columns.map((column, index) => {
              const field = fieldsOf(record.attributes.type).find((candidate) => candidate.name === column);
              let cell;
              if (index === 0) {
                const text = String(record[column] ?? record.Name ?? record.Id);
                cell = <a href="#" onClick={(event) => { event.preventDefault(); void ctx.controller.openRecord(record.Id); }}>{text || record.Id}</a>;
              } else if (column === 'Type') cell = record.attributes.type;
              else if (field) cell = <FieldValue field={field} record={record} ctx={ctx} />;
              else cell = String(record[column] ?? '');
              return <td key={column}><div class="slds-truncate">{cell}</div></td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
