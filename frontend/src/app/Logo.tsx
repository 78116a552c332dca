export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="6" fill="#364fc7" />
      <path d="M5 26V14l6-4v4l6-4v4l6-4v4l4-2.7V26z" fill="#fff" />
    </svg>
  );
}
