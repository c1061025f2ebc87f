import type { Command } from 'commander';

// Placeholder: the commands of this domain are registered here once built.
export function registerServeCommand(_program: Command): void {}
