import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
dayjs.extend(utc);
console.log(dayjs.utc('2020-01-31T10:00:00Z').add(1, 'day').format('YYYY-MM-DD HH:mm'), dayjs('2020-02-29').isValid());
