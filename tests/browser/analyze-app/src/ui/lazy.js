export const later = () => "later";
