/** plotly.js-cartesian-dist-min ships no types: it is Plotly's API with fewer trace types (see Plot.tsx). */
declare module 'plotly.js-cartesian-dist-min' {
  import Plotly from 'plotly.js-dist-min';
  export = Plotly;
}
