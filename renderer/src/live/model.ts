/** The live model moved to shared/views/model.ts (the report folds the same model); this re-export keeps old imports working. */
export * from '@shared/views/model';
