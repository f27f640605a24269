import { instrumented } from '../shared/powertools';
import { prepare } from '../domain/enrich-steps';
import { workflowInputSchema, type PreparedState } from '../domain/workflow';

/** Workflow step: resolves places and batches the posts that need language detection. */
export const handler = instrumented('Prepare', (event: unknown): PreparedState => {
  const input = workflowInputSchema.parse(event);
  return prepare(input.posts, input.fold);
});
