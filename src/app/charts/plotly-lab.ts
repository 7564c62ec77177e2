/**
 * The lab's own Plotly bundle: Plotly's core (scatter, and the layout components: axes, legends, annotations,
 * shapes, error bars, colour bars, hover, the toolbar) with the two other trace types the lab draws, bar and
 * heatmap, registered from plotly.js's own modules (Plotly's documented way to build a smaller bundle).
 *
 * Why not a ready-made bundle: evaluating Plotly's script is one main-thread task that no scheduling can split.
 * Measured on this 2-core machine in headless Chromium (script load and evaluation, three loads each): this
 * bundle 87–149 ms; the cartesian bundle (`plotly.js-cartesian-dist-min`, 16 more trace types) 343–479 ms;
 * the full bundle about 850 ms. `npm run -s bench -- ui` reports the page's long tasks.
 */
import './plotly-global';
import Plotly from 'plotly.js/lib/core';
import bar from 'plotly.js/lib/bar';
import heatmap from 'plotly.js/lib/heatmap';

Plotly.register([bar, heatmap]);

export default Plotly;
