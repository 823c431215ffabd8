// A package of fonts: its CSS (@font-face with url()s of its woff2 files) by path.
import '@fontsource/inter/400.css';
document.body.dataset.ready = 'yes';
