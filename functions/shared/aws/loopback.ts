/**
 * The local stack (`npm start`) has no account and one region. Clients pointed at a loopback
 * endpoint use these, so a laptop without AWS configuration never reaches the credential chain.
 */
export const LOCAL_REGION = 'us-east-1';

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const LOOPBACK = /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i;

/** True for endpoints such as http://127.0.0.1:4567 or http://localhost:8000/. */
export const isLoopback = (endpoint: string | undefined): boolean =>
  endpoint !== undefined && LOOPBACK.test(endpoint);
