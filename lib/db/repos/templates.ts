import type { Template } from '../../model';
import type { Database } from '../open';

export function listTemplates(db: Database): Promise<Template[]> {
  return db.getAll('templates');
}

export async function saveTemplate(db: Database, template: Template): Promise<Template> {
  await db.put('templates', template);
  return template;
}

export function deleteTemplate(db: Database, id: string): Promise<void> {
  return db.delete('templates', id);
}

export function getTemplate(db: Database, id: string): Promise<Template | undefined> {
  return db.get('templates', id);
}
