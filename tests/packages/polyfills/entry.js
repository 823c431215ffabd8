// `--polyfills entry`: this import becomes the core-js modules the target lacks.
import 'core-js/stable';
import './main.js';
