export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="#364fc7" />
      <path d="M7 23V12l5 4 4-6 4 6 5-4v11z" fill="#fff" />
    </svg>
  );
}
