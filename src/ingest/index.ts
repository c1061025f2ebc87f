/** How knowledge gets in: structured import, text ingestion, scheduled jobs (extraction: ./extract). */
export * from './import';
export * from './jobs';
