import { format, addDays, differenceInCalendarDays } from 'date-fns';
import { enGB } from 'date-fns/locale';
const d = new Date(2020, 0, 31);
console.log(format(addDays(d, 1), 'yyyy-MM-dd'), differenceInCalendarDays(new Date(2020, 2, 1), d), format(d, 'PPPP', { locale: enGB }));
