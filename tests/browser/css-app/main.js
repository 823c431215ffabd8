// Stylesheets imported from JavaScript, in cascade order: base.css (which
// @imports theme.css, and print.css for print only), then card.css, whose rule
// for .card comes later and wins. The build writes them to main.css.
import './styles/base.css';
import { label } from './card.js';
document.getElementById('status').textContent = label;
