/**
 * The text an entity is embedded from: its name, its aliases and its
 * description, in that order, so a name-only query and a description-like
 * query both land near it. MiniLM truncates at 256 word pieces; names come
 * first so a long description never pushes them out.
 */
export interface EmbeddableEntity {
  name: string;
  aliases: readonly string[];
  description: string | null;
}

export function entityEmbeddingText(entity: EmbeddableEntity): string {
  const aliases = entity.aliases.filter((alias) => alias.trim() !== '' && alias !== entity.name);
  const head = aliases.length > 0 ? `${entity.name} (${aliases.join(', ')})` : entity.name;
  const description = entity.description?.trim();
  return description ? `${head}. ${description}` : head;
}
