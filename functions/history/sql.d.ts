/** `.sql` files are bundled as text (esbuild's text loader: Metadata Loader `.sql=text`). */
declare module '*.sql' {
  const text: string;
  export default text;
}
