export const Badge = ({ label }) => <span className="badge">{label}</span>;
