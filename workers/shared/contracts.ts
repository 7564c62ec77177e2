/**
 * The workers' contracts in one place: their API types and the data types that cross a worker boundary.
 * The UI (src/app) and the bridges (src/bridge) import types from here only (eslint refuses the rest), so a
 * worker's module — with tfjs in it — never reaches the main bundle, and a contract has one home to change.
 * Types only: each worker declares its own `typeof api`.
 */
export type { AccountantApi, PlannedRun } from '../accountant.worker';
export type { ComputeApi, MatmulBenchResult } from '../compute.worker';
export type {
  BuiltinInfo,
  DataApi,
  DecodeOptions,
  DecodedFolder,
  FileEntry,
  UnzippedFiles,
} from '../data.worker';
export type { EpochReport, ModelFiles, PretrainApi, PretrainJob, PublicSource } from '../pretrain.worker';
export type { EncoderSource, PreparedEmbeddings, PrivateSource, ProbeApi, Subsample } from '../probe.worker';
export type { TsneApi, TsneFrame, TsneJob, TsneResult } from '../tsne.worker';
export type { BackendInfo } from './backend';
