import { prepare } from '../domain/enrich-steps';
import { workflowInputSchema, type PreparedState } from '../domain/workflow';

/** Workflow step: resolves places and batches the posts that need language detection. */
export const handler = async (event: unknown): Promise<PreparedState> =>
  prepare(workflowInputSchema.parse(event).posts);
