import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnx } from 'onnx-proto';

/**
 * A tiny text classifier written from scratch, in the folder layouts the ONNX engine reads: a
 * WordPiece tokenizer (BERT style, lower-cased) and a graph that averages token embeddings and
 * applies a linear layer, logits = mean(E[input_ids]) W + b. "good" and "great" point to
 * positive, "bad" and "awful" to negative, the rest (and [CLS]/[SEP]) to neutral. No download.
 */

const VOCAB = [
  '[PAD]',
  '[UNK]',
  '[CLS]',
  '[SEP]',
  'good',
  'great',
  'bad',
  'awful',
  'the',
  'film',
  'is',
];
/** Class order of the model's output, as config.json names it. */
export const TINY_LABELS = ['negative', 'neutral', 'positive'];
const DIM = 3;

function embedding(word: string): number[] {
  if (word === 'good' || word === 'great') return [0, 0, 12];
  if (word === 'bad' || word === 'awful') return [12, 0, 0];
  return [0, 1, 0];
}

const tensor = (name: string, dims: number[], values: number[]): onnx.ITensorProto => ({
  name,
  dims,
  dataType: onnx.TensorProto.DataType.FLOAT,
  floatData: values,
});

const valueInfo = (
  name: string,
  elemType: number,
  shape: (number | string)[],
): onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: {
        dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
      },
    },
  },
});

export function tinyModelBytes(withTokenTypes = false): Uint8Array {
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const graph: onnx.IGraphProto = {
    name: 'tiny-sentiment',
    initializer: [
      tensor('E', [VOCAB.length, DIM], VOCAB.flatMap(embedding)),
      // Identity: the embedding already holds the class evidence.
      tensor('W', [DIM, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]),
      tensor('b', [3], [0, 0.1, 0]),
    ],
    node: [
      { opType: 'Gather', input: ['E', 'input_ids'], output: ['emb'], attribute: [] },
      {
        opType: 'ReduceMean',
        input: ['emb'],
        output: ['pooled'],
        attribute: [
          { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [1] },
          { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 },
        ],
      },
      { opType: 'MatMul', input: ['pooled', 'W'], output: ['z'] },
      { opType: 'Add', input: ['z', 'b'], output: ['logits'] },
    ],
    input: [
      valueInfo('input_ids', INT64, ['batch', 'sequence']),
      valueInfo('attention_mask', INT64, ['batch', 'sequence']),
      ...(withTokenTypes ? [valueInfo('token_type_ids', INT64, ['batch', 'sequence'])] : []),
    ],
    output: [valueInfo('logits', FLOAT, ['batch', 3])],
  };
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'social-stream-analytics tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  }).finish();
}

const tokenizerJson = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]'].map((content, id) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  })),
  normalizer: {
    type: 'BertNormalizer',
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase: true,
  },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: {
    type: 'WordPiece',
    unk_token: '[UNK]',
    continuing_subword_prefix: '##',
    max_input_chars_per_word: 100,
    vocab: Object.fromEntries(VOCAB.map((w, i) => [w, i])),
  },
};

/** Writes the model folder; `layout` picks where model.onnx goes. Returns the folder. */
export function writeTinyModel(
  layout: 'transformers.js' | 'onnxruntime',
  options: { labels?: string[]; withTokenTypes?: boolean } = {},
): string {
  const dir = mkdtempSync(join(tmpdir(), 'tiny-onnx-'));
  const labels = options.labels ?? TINY_LABELS;
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      architectures: ['TinyForSequenceClassification'],
      id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
      pad_token_id: 0,
    }),
  );
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson));
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      do_lower_case: true,
      model_max_length: 512,
      tokenizer_class: 'BertTokenizer',
    }),
  );
  const modelDir = layout === 'transformers.js' ? join(dir, 'onnx') : dir;
  mkdirSync(modelDir, { recursive: true });
  writeFileSync(join(modelDir, 'model.onnx'), tinyModelBytes(options.withTokenTypes));
  return dir;
}
